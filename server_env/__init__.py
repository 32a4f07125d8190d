# OCA server_environment reads its settings from the folder of an importable
# module named server_environment_files: the Odoo image installs this folder
# under that name on its addons path (docker/odoo.Dockerfile).
