//! Message and modal components, both the classic (v1) and the layout (v2) system.
