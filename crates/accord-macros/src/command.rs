//! `#[command]`: reads the function and its attributes, checks them, and generates the
//! function that builds the `Command`.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{
    FnArg, GenericArgument, ItemFn, LitStr, Meta, Pat, PathArguments, ReturnType, Token, Type,
};

use crate::attrs;

const COMMAND_ATTRIBUTES: &str = "prefix, slash, user, message, rename, aliases, description, \
    name_localized, description_localized, category, hide_in_help, subcommands, \
    subcommand_required, guild_only, dm_only, nsfw_only, owners_only, ephemeral, \
    default_member_permissions, required_permissions, required_bot_permissions, check, \
    user_cooldown, guild_cooldown, channel_cooldown, member_cooldown, global_cooldown";

const PARAMETER_ATTRIBUTES: &str = "description, rename, min, max, min_length, max_length, \
    autocomplete, channel_types, flag, rest, name_localized, description_localized";

/// Everything the command attributes say.
#[derive(Default)]
struct Options {
    prefix: bool,
    slash: bool,
    user: bool,
    message: bool,
    menu_name: Option<LitStr>,
    rename: Option<LitStr>,
    aliases: Vec<LitStr>,
    description: Option<LitStr>,
    name_localized: Vec<(LitStr, LitStr)>,
    description_localized: Vec<(LitStr, LitStr)>,
    category: Option<LitStr>,
    subcommands: Vec<syn::Path>,
    checks: Vec<syn::Path>,
    flags: Vec<syn::Ident>,
    permissions: Vec<(syn::Ident, TokenStream)>,
    cooldowns: Vec<(syn::Ident, TokenStream)>,
}

fn parse_options(args: TokenStream) -> syn::Result<Options> {
    let metas = syn::parse::Parser::parse2(Punctuated::<Meta, Token![,]>::parse_terminated, args)?;
    let mut options = Options::default();
    for meta in metas {
        let name = attrs::name(&meta);
        match name.as_str() {
            "prefix" => {
                attrs::flag(&meta)?;
                options.prefix = true;
            }
            "slash" => {
                attrs::flag(&meta)?;
                options.slash = true;
            }
            "user" | "message" => {
                if !matches!(meta, Meta::Path(_)) {
                    options.menu_name = Some(attrs::string(&meta)?);
                }
                if name == "user" { options.user = true } else { options.message = true }
            }
            "rename" => options.rename = Some(attrs::string(&meta)?),
            "aliases" => options.aliases = attrs::strings(&meta)?,
            "description" => options.description = Some(attrs::string(&meta)?),
            "category" => options.category = Some(attrs::string(&meta)?),
            "name_localized" => options.name_localized.push(attrs::localized(&meta)?),
            "description_localized" => options.description_localized.push(attrs::localized(&meta)?),
            "subcommands" => options.subcommands = attrs::paths(&meta)?,
            "check" => options.checks.push(attrs::path(&meta)?),
            "hide_in_help"
            | "subcommand_required"
            | "guild_only"
            | "dm_only"
            | "nsfw_only"
            | "owners_only"
            | "ephemeral" => {
                attrs::flag(&meta)?;
                options.flags.push(format_ident!("{}", name, span = meta.span()));
            }
            "default_member_permissions" | "required_permissions" | "required_bot_permissions" => {
                let text = attrs::string(&meta)?;
                options.permissions.push((format_ident!("{}", name), permissions(&text)?));
            }
            "user_cooldown" | "guild_cooldown" | "channel_cooldown" | "member_cooldown"
            | "global_cooldown" => {
                let bucket = match name.as_str() {
                    "user_cooldown" => format_ident!("User"),
                    "guild_cooldown" => format_ident!("Guild"),
                    "channel_cooldown" => format_ident!("Channel"),
                    "member_cooldown" => format_ident!("Member"),
                    _ => format_ident!("Global"),
                };
                options.cooldowns.push((bucket, attrs::seconds(&meta)?));
            }
            _ => {
                return Err(syn::Error::new_spanned(
                    meta.path(),
                    format!(
                        "unknown command attribute `{name}`; expected one of: {COMMAND_ATTRIBUTES}"
                    ),
                ));
            }
        }
    }
    Ok(options)
}

/// `"BAN_MEMBERS | KICK_MEMBERS"` as `Permissions::BAN_MEMBERS | Permissions::KICK_MEMBERS`,
/// each name spanned at the string so that a wrong one is reported there.
fn permissions(text: &LitStr) -> syn::Result<TokenStream> {
    let value = text.value();
    let names: Vec<&str> = value.split('|').map(str::trim).collect();
    if names.iter().any(|name| {
        name.is_empty()
            || !name.chars().all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
    }) {
        return Err(syn::Error::new_spanned(
            text,
            "permissions are names such as \"BAN_MEMBERS | KICK_MEMBERS\"",
        ));
    }
    let flags = names.iter().map(|name| {
        let ident = syn::Ident::new(name, text.span());
        quote_spanned!(text.span()=> ::accord_framework::__private::Permissions::#ident)
    });
    Ok(quote!(::accord_framework::__private::Permissions::empty() #(| #flags)*))
}

/// How a parameter's Rust type reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Required,
    Optional,
    Variadic,
}

/// One parameter after the context.
struct Parameter {
    ident: syn::Ident,
    name: String,
    name_span: Span,
    ty: Type,
    /// The type inside `Option` or `Vec`, or the type itself.
    inner: Type,
    shape: Shape,
    builder: Vec<TokenStream>,
    flag: bool,
    rest: bool,
}

/// `Option<T>` or `Vec<T>`, syntactically.
fn wrapped(ty: &Type) -> Option<(String, Type)> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    let PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    let [GenericArgument::Type(inner)] = args.args.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    let name = last.ident.to_string();
    matches!(name.as_str(), "Option" | "Vec").then(|| (name, inner.clone()))
}

fn is_string(ty: &Type) -> bool {
    matches!(ty, Type::Path(path) if path.path.is_ident("String"))
}

#[allow(clippy::too_many_lines, reason = "one arm per parameter attribute reads best as one table")]
fn parse_parameter(arg: &mut syn::PatType) -> syn::Result<Parameter> {
    let ident = match &*arg.pat {
        Pat::Ident(pat) => pat.ident.clone(),
        other => {
            return Err(syn::Error::new_spanned(
                other,
                "parameters must be plain names, such as `amount: i64`",
            ));
        }
    };
    if let Type::Reference(reference) = &*arg.ty {
        let hint = if matches!(&*reference.elem, Type::Path(p) if p.path.is_ident("str")) {
            "use `String` instead of `&str`"
        } else {
            "take the value itself"
        };
        return Err(syn::Error::new_spanned(
            &arg.ty,
            format!("command parameters are owned values: {hint}"),
        ));
    }
    let ty = (*arg.ty).clone();
    let (shape, inner) = match wrapped(&ty) {
        Some((name, inner)) if name == "Option" => (Shape::Optional, inner),
        Some((_, inner)) => (Shape::Variadic, inner),
        None => (Shape::Required, ty.clone()),
    };
    let raw = ident.to_string();
    let mut parameter = Parameter {
        name: raw.trim_start_matches("r#").to_owned(),
        name_span: ident.span(),
        ident,
        ty,
        inner,
        shape,
        builder: Vec::new(),
        flag: false,
        rest: false,
    };
    let mut description = None;
    for attr in std::mem::take(&mut arg.attrs) {
        let meta = attr.meta;
        let name = attrs::name(&meta);
        match name.as_str() {
            "description" => description = Some(attrs::string(&meta)?),
            "rename" => {
                let text = attrs::string(&meta)?;
                parameter.name = text.value();
                parameter.name_span = text.span();
            }
            "min" | "max" => {
                if is_string(&parameter.inner) {
                    return Err(syn::Error::new_spanned(
                        meta.path(),
                        format!("`{name}` bounds numbers; for strings use `{name}_length`"),
                    ));
                }
                let (value, integer) = attrs::number(&meta)?;
                let setter = match (name.as_str(), integer) {
                    ("min", true) => quote!(min_int),
                    ("max", true) => quote!(max_int),
                    ("min", false) => quote!(min_number),
                    _ => quote!(max_number),
                };
                parameter.builder.push(quote!(.#setter(#value)));
            }
            "min_length" | "max_length" => {
                let length = attrs::length(&meta)?;
                let setter = format_ident!("{}", name);
                parameter.builder.push(quote!(.#setter(#length)));
            }
            "autocomplete" => {
                let path = attrs::path(&meta)?;
                parameter.builder.push(quote!(.autocomplete(|ctx, partial: ::accord_framework::__private::String| async move {
                    ::accord_framework::__private::into_choices(#path(ctx, &partial).await)
                })));
            }
            "channel_types" => {
                let types = attrs::strings(&meta)?.into_iter().map(|text| {
                    let variant = syn::Ident::new(&text.value(), text.span());
                    quote_spanned!(text.span()=> ::accord_framework::__private::ChannelType::#variant)
                });
                parameter.builder.push(quote!(.channel_types(::std::vec![#(#types),*])));
            }
            "flag" => {
                attrs::flag(&meta)?;
                if !matches!(&parameter.ty, Type::Path(p) if p.path.is_ident("bool")) {
                    return Err(syn::Error::new_spanned(
                        &parameter.ty,
                        "a `#[flag]` parameter is a `bool`",
                    ));
                }
                parameter.flag = true;
            }
            "rest" => {
                attrs::flag(&meta)?;
                if parameter.shape == Shape::Variadic {
                    return Err(syn::Error::new_spanned(
                        meta.path(),
                        "`#[rest]` reads one value; it cannot be a `Vec`",
                    ));
                }
                parameter.rest = true;
            }
            "name_localized" | "description_localized" => {
                let (locale, text) = attrs::localized(&meta)?;
                let setter = format_ident!("{}", name);
                parameter.builder.push(quote!(.#setter(#locale, #text)));
            }
            _ => {
                return Err(syn::Error::new_spanned(
                    meta.path(),
                    format!(
                        "unknown parameter attribute `{name}`; expected one of: {PARAMETER_ATTRIBUTES}"
                    ),
                ));
            }
        }
    }
    let text = description.map_or_else(|| parameter.name.clone(), |d| d.value());
    parameter.builder.insert(0, quote!(.description(#text)));
    Ok(parameter)
}

fn check_slash_name(name: &str, span: Span, what: &str) -> syn::Result<()> {
    let valid = (1..=32).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| (c.is_alphanumeric() && !c.is_uppercase()) || matches!(c, '-' | '_'));
    if valid {
        Ok(())
    } else {
        Err(syn::Error::new(
            span,
            format!(
                "slash {what} names are 1 to 32 lower-case letters, digits, `-` or `_`; use `rename` to pick another"
            ),
        ))
    }
}

/// The arms of the match on the arguments' source: prefix text, slash options, a context-menu
/// target.
fn arms(parameters: &[Parameter], prefix: bool, slash: bool, menu: bool) -> Vec<TokenStream> {
    let p = quote!(::accord_framework::__private);
    let idents: Vec<&syn::Ident> = parameters.iter().map(|p| &p.ident).collect();
    let option = |index: usize| quote!(#p::parameter_option(&ctx, #index)?);
    let mut arms = Vec::new();
    if prefix {
        let mut reads = Vec::new();
        for (index, parameter) in parameters.iter().enumerate().filter(|(_, p)| p.flag) {
            let (ident, pname) = (&parameter.ident, &parameter.name);
            let _ = index;
            reads.push(quote!(let #ident = args.take_flag(#pname);));
        }
        for (index, parameter) in parameters.iter().enumerate().filter(|(_, p)| !p.flag) {
            let (ident, inner, option) = (&parameter.ident, &parameter.inner, option(index));
            let read = match (parameter.shape, parameter.rest) {
                (Shape::Optional, true) => {
                    quote_spanned!(parameter.ty.span()=> args.optional_rest_as::<#inner>(ctx.invocation(), #option).await?)
                }
                (_, true) => {
                    quote_spanned!(parameter.ty.span()=> args.rest_as::<#inner>(ctx.invocation(), #option).await?)
                }
                (Shape::Variadic, _) => {
                    quote_spanned!(parameter.ty.span()=> args.variadic::<#inner>(ctx.invocation(), #option).await?)
                }
                (Shape::Optional, _) => {
                    quote_spanned!(parameter.ty.span()=> args.optional::<#inner>(ctx.invocation(), #option).await?)
                }
                (Shape::Required, _) => {
                    quote_spanned!(parameter.ty.span()=> args.required::<#inner>(ctx.invocation(), #option).await?)
                }
            };
            reads.push(quote!(let #ident = #read;));
        }
        arms.push(quote!(#p::Arguments::Prefix(mut args) => {
            #(#reads)*
            args.finish()?;
            (#(#idents,)*)
        }));
    }
    if slash {
        let mut reads = Vec::new();
        for (index, parameter) in parameters.iter().enumerate() {
            let (ident, inner, pname, option) =
                (&parameter.ident, &parameter.inner, &parameter.name, option(index));
            let read = if parameter.flag {
                quote!(args.flag(#pname))
            } else {
                match parameter.shape {
                    Shape::Optional => {
                        quote_spanned!(parameter.ty.span()=> args.optional::<#inner>(ctx.invocation(), #option)?)
                    }
                    Shape::Variadic => {
                        let ty = &parameter.ty;
                        quote_spanned!(ty.span()=> args.required::<#ty>(ctx.invocation(), #option)?)
                    }
                    Shape::Required => {
                        quote_spanned!(parameter.ty.span()=> args.required::<#inner>(ctx.invocation(), #option)?)
                    }
                }
            };
            reads.push(quote!(let #ident = #read;));
        }
        arms.push(quote!(#p::Arguments::Slash(args) => {
            #(#reads)*
            (#(#idents,)*)
        }));
    }
    if menu && let Some(target) = parameters.first() {
        let ty = &target.ty;
        arms.push(quote!(#p::Arguments::ContextMenu => {
            (<#ty as #p::ContextMenuTarget>::extract(ctx.invocation())?,)
        }));
    }
    arms
}

/// The builder calls that set the command up from the attributes.
fn setup(
    options: &Options,
    description: Option<String>,
    prefix: bool,
    slash: bool,
) -> Vec<TokenStream> {
    let p = quote!(::accord_framework::__private);
    let mut setup = Vec::new();
    if let Some(description) = description {
        setup.push(quote!(.description(#description)));
    }
    let (user, message) = (options.user, options.message);
    setup.push(quote!(.kinds(#p::CommandKinds { prefix: #prefix, slash: #slash, user: #user, message: #message })));
    if let Some(label) = &options.menu_name {
        setup.push(quote!(.context_menu_name(#label)));
    }
    for alias in &options.aliases {
        setup.push(quote!(.alias(#alias)));
    }
    if let Some(category) = &options.category {
        setup.push(quote!(.category(#category)));
    }
    for (locale, text) in &options.name_localized {
        setup.push(quote!(.name_localized(#locale, #text)));
    }
    for (locale, text) in &options.description_localized {
        setup.push(quote!(.description_localized(#locale, #text)));
    }
    for flag in &options.flags {
        setup.push(quote!(.#flag(true)));
    }
    for (setter, value) in &options.permissions {
        setup.push(quote!(.#setter(#value)));
    }
    if !options.cooldowns.is_empty() {
        let buckets = options
            .cooldowns
            .iter()
            .map(|(bucket, duration)| quote!(.with(#p::CooldownBucket::#bucket, #duration)));
        setup.push(quote!(.cooldown(#p::CooldownConfig::new() #(#buckets)*)));
    }
    for check in &options.checks {
        let label = quote!(#check).to_string().replace(' ', "");
        setup.push(quote!(.check(#p::Check::new(#label, #check))));
    }
    let subcommands = &options.subcommands;
    if !subcommands.is_empty() {
        setup.push(quote!(.subcommands([#(#subcommands()),*])));
    }
    setup
}

#[allow(clippy::too_many_lines, reason = "the checks and the generated function in reading order")]
pub(crate) fn expand(args: TokenStream, input: TokenStream) -> syn::Result<TokenStream> {
    let options = parse_options(args)?;
    let mut function: ItemFn = syn::parse2(input)?;
    let sig = &function.sig;
    if sig.asyncness.is_none() {
        return Err(syn::Error::new_spanned(sig.fn_token, "a command must be an `async fn`"));
    }
    if !sig.generics.params.is_empty() {
        return Err(syn::Error::new_spanned(
            &sig.generics,
            "a command cannot be generic; name the data type in its context",
        ));
    }
    if let ReturnType::Default = sig.output {
        return Err(syn::Error::new_spanned(
            sig,
            "a command returns `Result<(), E>`; add `-> Result<(), Error>`",
        ));
    }
    let menu = options.user || options.message;
    let (prefix, slash) = if !options.prefix && !options.slash && !menu {
        (true, true)
    } else {
        (options.prefix, options.slash)
    };
    if menu && (prefix || slash) {
        return Err(syn::Error::new(
            Span::call_site(),
            "a context-menu command (`user` or `message`) cannot also be a prefix or slash command",
        ));
    }

    let mut inputs = function.sig.inputs.iter_mut();
    let context_type = match inputs.next() {
        Some(FnArg::Typed(context)) => (*context.ty).clone(),
        Some(FnArg::Receiver(receiver)) => {
            return Err(syn::Error::new_spanned(receiver, "a command cannot take `self`"));
        }
        None => {
            return Err(syn::Error::new(
                function.sig.paren_token.span.join(),
                "a command takes its context first, such as `ctx: Context<Data>`",
            ));
        }
    };
    let mut parameters = Vec::new();
    for input in inputs {
        match input {
            FnArg::Typed(typed) => parameters.push(parse_parameter(typed)?),
            FnArg::Receiver(receiver) => {
                return Err(syn::Error::new_spanned(receiver, "a command cannot take `self`"));
            }
        }
    }
    if menu && parameters.len() != 1 {
        return Err(syn::Error::new_spanned(
            &function.sig.inputs,
            "a context-menu command takes the context and its target, such as `ctx: Context<Data>, user: User`",
        ));
    }

    let fn_name = &function.sig.ident;
    let name = options
        .rename
        .as_ref()
        .map_or_else(|| fn_name.to_string().trim_start_matches("r#").to_owned(), LitStr::value);
    if slash {
        let span = options.rename.as_ref().map_or_else(|| fn_name.span(), LitStr::span);
        check_slash_name(&name, span, "command")?;
        for parameter in &parameters {
            check_slash_name(&parameter.name, parameter.name_span, "option")?;
        }
    }
    let description =
        options.description.as_ref().map(LitStr::value).or_else(|| attrs::doc(&function.attrs));
    // Spanned at the context's type, so that a wrong one is reported there, once.
    let data = quote_spanned!(context_type.span()=> <#context_type as ::accord_framework::__private::ContextType>::Data);
    let cache = quote_spanned!(context_type.span()=> <#context_type as ::accord_framework::__private::ContextType>::Cache);
    let p = quote!(::accord_framework::__private);

    let mut setup = setup(&options, description, prefix, slash);
    for (index, parameter) in parameters.iter().enumerate() {
        let pname = &parameter.name;
        let builder = &parameter.builder;
        let (inner, ty) = (&parameter.inner, &parameter.ty);
        let required = parameter.shape == Shape::Required && !parameter.flag;
        let slash_type = if slash && !parameter.flag {
            let described = if parameter.shape == Shape::Variadic { ty } else { inner };
            quote_spanned!(ty.span()=> .slash_type::<#described>())
        } else {
            quote!()
        };
        let mut modes = Vec::new();
        if parameter.flag {
            modes.push(quote!(.flag()));
        }
        if parameter.rest {
            modes.push(quote!(.rest()));
        }
        if parameter.shape == Shape::Variadic {
            modes.push(quote!(.variadic()));
        }
        setup.push(quote!(.parameter(
            #p::Parameter::<#data, #cache>::new(#pname) #slash_type .required(#required) #(#builder)* #(#modes)*
        )));
        let _ = index;
    }

    let idents: Vec<&syn::Ident> = parameters.iter().map(|p| &p.ident).collect();
    let mut arms = arms(&parameters, prefix, slash, menu);
    arms.push(quote!(_ => return #p::Result::Err(#p::unexpected_source()),));

    let vis = function.vis.clone();
    let (docs, others): (Vec<_>, Vec<_>) =
        function.attrs.iter().cloned().partition(|attr| attr.path().is_ident("doc"));
    function.attrs = others;
    function.vis = syn::Visibility::Inherited;
    let command_name = name;

    Ok(quote! {
        #(#docs)*
        #[allow(clippy::too_many_lines, clippy::unused_unit)]
        #vis fn #fn_name() -> #p::Command<#data, #cache> {
            #[allow(clippy::unused_async)]
            #function

            #p::Command::<#data, #cache>::builder(#command_name)
            #(#setup)*
            .action(|ctx: #p::Context<#data, #cache>| async move {
                #[allow(unused_mut, unused_variables, clippy::let_unit_value)]
                let (#(#idents,)*) = match ctx.arguments() {
                    #(#arms)*
                };
                #p::CommandOutput::into_framework(#fn_name(ctx, #(#idents),*).await)
            })
            .build()
        }
    })
}
