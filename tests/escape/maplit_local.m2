./maplit_local.mini:4:21: map[string]int{...} does not escape
