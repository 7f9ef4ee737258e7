"""Visit, trial and general inquiries (built in the inquiries issue)."""
