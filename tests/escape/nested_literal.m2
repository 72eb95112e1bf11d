./nested_literal.mini:7:9: &Out{...} escapes to heap in f:
./nested_literal.mini:7:9:   flow: ~r0 ← &{storage for &Out{...}}:
./nested_literal.mini:7:9:     from &Out{...} (spill) at ./nested_literal.mini:7:9
./nested_literal.mini:7:9:     from return &Out{...} (return) at ./nested_literal.mini:7:2
./nested_literal.mini:7:18: &In{...} escapes to heap in f:
./nested_literal.mini:7:18:   flow: {storage for &Out{...}} ← &{storage for &In{...}}:
./nested_literal.mini:7:18:     from &In{...} (spill) at ./nested_literal.mini:7:18
./nested_literal.mini:7:18:     from Out{...} (struct literal element) at ./nested_literal.mini:7:13
./nested_literal.mini:7:9: &Out{...} escapes to heap
./nested_literal.mini:7:18: &In{...} escapes to heap
