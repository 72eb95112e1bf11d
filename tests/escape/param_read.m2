./param_read.mini:3:8: p does not escape
