./string_concat_return.mini:3:8: a does not escape
./string_concat_return.mini:3:11: b does not escape
./string_concat_return.mini:4:17: a + "-" + b escapes to heap
