./defer_stmt.mini:3:8: p does not escape
./defer_stmt.mini:7:10: f capturing by value: .autotmp_1 (addr=false assign=false width=8)
