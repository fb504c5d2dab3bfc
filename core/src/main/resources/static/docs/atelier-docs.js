// Swagger UI on the server's OpenAPI document; a file of its own so that the page's
// Content-Security-Policy needs no inline script.
window.ui = SwaggerUIBundle({
  url: document.getElementById("swagger-ui").dataset.specUrl,
  dom_id: "#swagger-ui",
  deepLinking: true,
  persistAuthorization: true,
  tryItOutEnabled: true
});
