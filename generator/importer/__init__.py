"""Importing a checkout in the upstream `vX.Y/<folder>/` layout into data/vendors/.

listing (reads SRC and the target registry) -> plan (pure: vendors, products, slugs, skips)
-> write (copies files, writes VENDOR.yaml stubs, history.yaml entries and the import map);
summary renders what happened for the command line.
"""
