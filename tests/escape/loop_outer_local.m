./loop_outer_local.mini:6:10: new(int) escapes to heap
