"""What the user reads, without Qt: markdown to HTML, theme colours, footers and notices."""
