# -*- coding: utf-8 -*-
# Copyright: (c) 2026, genesys.cloud collection maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # What every module of the collection shares: its work runs in its action plugin on the
    # controller. A module states only what differs (its own entries win when merged).
    DOCUMENTATION = r'''
attributes:
  action:
    support: full
    details: All the work is done on the controller.
  async:
    support: none
  become:
    support: none
  bypass_host_loop:
    support: none
  check_mode:
    support: full
  connection:
    support: none
  delegation:
    support: none
    details: The task always runs on the controller.
  diff_mode:
    support: none
  platform:
    platforms: all
'''
