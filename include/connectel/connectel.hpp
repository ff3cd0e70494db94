// Everything the connectel library offers, in one include.
#pragma once

#include "connectel/api.hpp"
#include "connectel/error.hpp"
#include "connectel/sms.hpp"
#include "connectel/status.hpp"
