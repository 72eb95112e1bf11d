./defer_stmt.mini:3:8: p does not escape
