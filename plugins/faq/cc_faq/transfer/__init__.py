"""Import and export of the FAQ as folders of Markdown files, or as CSV."""
