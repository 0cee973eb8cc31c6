use accord_framework::{Context, command};

#[command(slash)]
async fn roll(_: Context<()>, #[min = "one"] sides: i64) -> Result<(), std::io::Error> {
    let _ = sides;
    Ok(())
}

#[command(slash)]
async fn name(_: Context<()>, #[max = 10] text: String) -> Result<(), std::io::Error> {
    let _ = text;
    Ok(())
}

fn main() {}
