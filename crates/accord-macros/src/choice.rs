//! `#[derive(ChoiceArgument)]`: an enum of unit variants as the choices of a string option.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields, Meta};

use crate::attrs;

pub(crate) fn expand(input: TokenStream) -> syn::Result<TokenStream> {
    let input: DeriveInput = syn::parse2(input)?;
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "`ChoiceArgument` is derived for enums of unit variants",
        ));
    };
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new_spanned(
            &input.generics,
            "`ChoiceArgument` cannot be derived for generic enums",
        ));
    }
    if data.variants.is_empty() || data.variants.len() > 25 {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "a choice enum has 1 to 25 variants (Discord's limit)",
        ));
    }
    let mut names = Vec::new();
    let mut variants = Vec::new();
    for variant in &data.variants {
        if !matches!(variant.fields, Fields::Unit) {
            return Err(syn::Error::new_spanned(&variant.fields, "choice variants carry no data"));
        }
        let mut name = variant.ident.to_string();
        for attr in &variant.attrs {
            if attr.path().is_ident("name") {
                if !matches!(attr.meta, Meta::NameValue(_)) {
                    return Err(syn::Error::new_spanned(attr, "use `#[name = \"…\"]`"));
                }
                name = attrs::string(&attr.meta)?.value();
            }
        }
        names.push(name);
        variants.push(&variant.ident);
    }
    let values: Vec<String> = variants.iter().map(ToString::to_string).collect();
    let ident = &input.ident;
    let p = quote!(::accord_framework::__private);
    Ok(quote! {
        impl #p::ChoiceArgument for #ident {
            fn choices() -> #p::Vec<#p::CommandOptionChoice> {
                #p::Vec::from([#(#p::string_choice(#names, #values)),*])
            }

            fn from_choice(input: &str) -> #p::Option<Self> {
                #(
                    if #p::matches_choice(#names, #values, input) {
                        return #p::Option::Some(Self::#variants);
                    }
                )*
                #p::Option::None
            }
        }

        impl #p::SlashArgument for #ident {
            fn describe(option: &mut #p::CommandOption) {
                #p::choice_describe::<Self>(option);
            }

            fn extract(
                _: &::accord_framework::Invocation,
                value: &#p::CommandOptionValue,
                _: &#p::CommandOption,
            ) -> #p::Result<Self, #p::ArgumentError> {
                #p::choice_extract::<Self>(value)
            }
        }

        impl #p::PrefixArgument for #ident {
            fn parse(
                _: &::accord_framework::Invocation,
                args: &mut #p::PrefixArgs,
                _: &#p::CommandOption,
            ) -> impl #p::Future<Output = #p::Result<Self, #p::ArgumentError>> + ::core::marker::Send {
                ::core::future::ready(#p::choice_parse::<Self>(args))
            }
        }
    })
}
