"""The Textual debugger: `segtui HANDLER.js` opens it."""
