./loop_inner_local.mini:6:11: new(int) does not escape
