"""Reports: the validator's output formats and the pull-request review built from them."""
