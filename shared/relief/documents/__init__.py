"""Documents: what the court and the office receive. The motion with Exhibit A, proposed orders,
spreadsheets and summary, assembled into a bundle whose manifest is signed and can be verified
offline."""
