use accord_framework::{Context, command};

#[command(slash, guild_onyl)]
async fn ping(_: Context<()>) -> Result<(), std::io::Error> {
    Ok(())
}

#[command(slash)]
async fn roll(_: Context<()>, #[maximum = 6] sides: i64) -> Result<(), std::io::Error> {
    let _ = sides;
    Ok(())
}

fn main() {}
