#![doc = include_str!("../README.md")]

mod attrs;
mod choice;
mod command;

use proc_macro::TokenStream;

/// Turns an `async fn(ctx, args…) -> Result<(), E>` into a function returning the command's
/// `accord_framework::Command`. See the `accord-framework` crate for the attributes.
#[proc_macro_attribute]
pub fn command(args: TokenStream, input: TokenStream) -> TokenStream {
    command::expand(args.into(), input.into()).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// Implements `ChoiceArgument`, `SlashArgument` and `PrefixArgument` for an enum of unit
/// variants: a string option whose choices are the variants (`#[name = "…"]` sets the name
/// shown).
#[proc_macro_derive(ChoiceArgument, attributes(name))]
pub fn choice_argument(input: TokenStream) -> TokenStream {
    choice::expand(input.into()).unwrap_or_else(syn::Error::into_compile_error).into()
}
