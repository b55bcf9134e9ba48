"""From files to a Whoosh index: extract, normalise, tag, tokenize, write."""
