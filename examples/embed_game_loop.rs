//! Embedding: a game loop calling a script's `Update` every frame through a typed handle,
//! with the script keeping its state in package variables between frames.
//!
//! `cargo run --example embed_game_loop`

use std::time::Instant;

use mini::{Program, Vm};

const SCRIPT: &str = r#"package main

type Ball struct {
	X, Y, VX, VY float64
}

var balls []Ball

func init() {
	for i := 0; i < 100; i++ {
		balls = append(balls, Ball{float64(i), float64(i * 2 % 50), 1.5, -0.5})
	}
}

// Update moves every ball by dt, bouncing off the walls, and returns how many bounced.
func Update(dt float64) int {
	bounces := 0
	for i := range balls {
		b := &balls[i]
		b.X += b.VX * dt
		b.Y += b.VY * dt
		if b.X < 0 || b.X > 100 {
			b.VX = -b.VX
			bounces++
		}
		if b.Y < 0 || b.Y > 50 {
			b.VY = -b.VY
			bounces++
		}
	}
	return bounces
}
"#;

fn main() -> Result<(), mini::Error> {
    let program = Program::compile("game.go", SCRIPT)?;
    let mut vm = Vm::new();
    vm.load(&program)?;
    let update = vm.func::<(f64,), i64>("Update")?;

    let frames = 10_000;
    let start = Instant::now();
    let mut bounces = 0;
    for _ in 0..frames {
        bounces += update.call(&mut vm, (1.0 / 60.0,))?;
    }
    let per_frame = start.elapsed() / frames;
    println!("{frames} frames, {bounces} bounces, {per_frame:?} per frame");
    println!("collections: {}", vm.mem_stats().num_gc);
    Ok(())
}
