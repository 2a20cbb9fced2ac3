"""The platform's two services and its command line."""
