"""The client's window: finding and reserving a consultation, and "My consultations"."""
