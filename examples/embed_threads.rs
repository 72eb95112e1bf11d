//! Embedding: one compiled `Program` shared by VMs in several threads (a program is
//! `Send + Sync` and cheap to clone; each thread gets its own `Vm`).
//!
//! `cargo run --example embed_threads`

use std::thread;

use mini::{Program, Vm};

const SCRIPT: &str = r#"package main

// Collatz returns how many steps n takes to reach 1.
func Collatz(n int) int {
	steps := 0
	for n != 1 {
		if n%2 == 0 {
			n /= 2
		} else {
			n = 3*n + 1
		}
		steps++
	}
	return steps
}
"#;

fn main() -> Result<(), mini::Error> {
    let program = Program::compile("collatz.go", SCRIPT)?;
    let workers: Vec<_> = (0..4)
        .map(|t| {
            let program = program.clone();
            thread::spawn(move || -> Result<(i64, i64), mini::Error> {
                let mut vm = Vm::new();
                vm.load(&program)?;
                let collatz = vm.func::<(i64,), i64>("Collatz")?;
                let mut best = (0, 0);
                for n in (1 + t * 25_000)..=((t + 1) * 25_000) {
                    let steps = collatz.call(&mut vm, (n,))?;
                    best = best.max((steps, n));
                }
                Ok(best)
            })
        })
        .collect();
    for (t, w) in workers.into_iter().enumerate() {
        let (steps, n) = w.join().expect("worker thread")?;
        println!("thread {t}: longest chain starts at {n} ({steps} steps)");
    }
    Ok(())
}
