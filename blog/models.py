"""Blog articles written by facility staff (built in the blog issue)."""
