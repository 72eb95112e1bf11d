./append_local.mini:6:13: append does not escape
