"""The specialist's window: the week calendar of their slots, the requests beside it, and the
operations and forms behind them."""
