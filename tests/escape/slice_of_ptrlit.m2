./slice_of_ptrlit.mini:6:12: []*P{...} does not escape
./slice_of_ptrlit.mini:6:13: &P{...} does not escape
./slice_of_ptrlit.mini:6:18: &P{...} does not escape
