// Everything the connectel library offers, in one include.
#pragma once

#include "connectel/error.hpp"
#include "connectel/sms.hpp"
