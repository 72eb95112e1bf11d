./loop_outer.mini:6:10: new(int) escapes to heap
