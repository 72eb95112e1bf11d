./variadic.mini:3:10: xs does not escape
./variadic.mini:12:12: ... argument does not escape
