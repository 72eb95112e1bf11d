./call_noleak.mini:3:11: p does not escape
