# ui/net/local.mk - the network pages of both roles (manual ch. 10)
