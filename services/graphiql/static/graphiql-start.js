// Starts GraphiQL on the page that loaded it; the GraphQL endpoint is that page's own URL.
(function () {
  "use strict";

  const WELCOME = [
    "# GraphiQL: write a query on this side and run it with Ctrl-Enter.",
    "# Ctrl-Space completes from the schema; the Docs button browses it.",
    "# Send an access token from the Headers tab below:",
    '#   {"Authorization": "Bearer <token>"}',
    "",
    "query {",
    "  viewer {",
    "    roles",
    "  }",
    "}",
    "",
  ].join("\n");

  const endpoint = window.location.href.split("?")[0].split("#")[0];
  const socketEndpoint = endpoint.replace(/^http/, "ws");
  const shared = new URLSearchParams(window.location.search);

  function share(name, value) {
    if (value) {
      shared.set(name, value);
    } else {
      shared.delete(name);
    }
    const search = shared.toString();
    history.replaceState(null, "", search ? "?" + search : window.location.pathname);
  }

  function IDE() {
    const [query, setQuery] = React.useState(shared.get("q") || WELCOME);
    const [variables, setVariables] = React.useState(shared.get("variables") || undefined);
    return React.createElement(GraphiQL, {
      fetcher: GraphiQL.createFetcher({ url: endpoint, subscriptionUrl: socketEndpoint }),
      plugins: [GraphiQLPluginExplorer.explorerPlugin()],
      query: query,
      variables: variables,
      onEditQuery: function (value) {
        setQuery(value);
        share("q", value);
      },
      onEditVariables: function (value) {
        setVariables(value);
        share("variables", value);
      },
      defaultEditorToolsVisibility: true,
      inputValueDeprecation: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: true,
    });
  }

  ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(IDE));
})();
