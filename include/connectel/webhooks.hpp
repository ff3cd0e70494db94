// Receiving the gateway's callbacks: parsing a DLR or an inbound SMS (webhooks/parse.hpp), and
// WebhookReceiver, a small HTTP server that does it for every POST (webhooks/receiver.hpp).
#pragma once

#include "connectel/webhooks/parse.hpp"
#include "connectel/webhooks/receiver.hpp"
