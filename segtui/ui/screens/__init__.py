"""The screens and dialogs of the debugger."""
