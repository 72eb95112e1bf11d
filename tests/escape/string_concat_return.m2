./string_concat_return.mini:4:17: a + "-" + b escapes to heap in f:
./string_concat_return.mini:4:17:   flow: ~r0 ← &{storage for a + "-" + b}:
./string_concat_return.mini:4:17:     from a + "-" + b (spill) at ./string_concat_return.mini:4:17
./string_concat_return.mini:4:17:     from return a + "-" + b (return) at ./string_concat_return.mini:4:2
./string_concat_return.mini:3:8: a does not escape
./string_concat_return.mini:3:11: b does not escape
./string_concat_return.mini:4:17: a + "-" + b escapes to heap
