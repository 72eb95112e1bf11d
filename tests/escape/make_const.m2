./make_const.mini:4:11: make([]int, 8) does not escape
