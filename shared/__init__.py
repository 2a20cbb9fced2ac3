"""Code both services share: settings, database start-up, document models and domain enums."""
