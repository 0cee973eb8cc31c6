use accord_framework::command;

#[command(slash)]
async fn add(a: i64, b: i64) -> Result<(), std::io::Error> {
    let _ = (a, b);
    Ok(())
}

#[command(slash)]
async fn ping(_: accord_framework::Context<()>) -> u32 {
    1
}

fn main() {}
