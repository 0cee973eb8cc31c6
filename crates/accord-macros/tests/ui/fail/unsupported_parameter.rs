use accord_framework::{Context, command};

struct Point {
    x: i64,
}

#[command(slash)]
async fn locate(_: Context<()>, point: Point) -> Result<(), std::io::Error> {
    let _ = point.x;
    Ok(())
}

#[command(prefix)]
async fn echo(_: Context<()>, text: &str) -> Result<(), std::io::Error> {
    let _ = text;
    Ok(())
}

fn main() {}
