./make_map.mini:4:11: make(map[string]int) does not escape
