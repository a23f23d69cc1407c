"""The customer's pages: the list, a new request, one request."""
