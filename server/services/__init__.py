"""Services: the rules of Waypost as plain functions; nothing here touches a Flask request."""
