"""Charts drawn on the server as SVG (matplotlib), shared by the pages and the PDF reports."""
