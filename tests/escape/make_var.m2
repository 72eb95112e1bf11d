./make_var.mini:4:11: make([]int, n) does not escape
