./string_concat.mini:3:8: a does not escape
./string_concat.mini:3:11: b does not escape
./string_concat.mini:4:9: a + b does not escape
