./ptrlit_local.mini:6:7: &T{...} does not escape
