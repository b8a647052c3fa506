"""One cog per concern, loaded as extensions by PaperBot.setup_hook."""
