"""部门决算公开表 (公开01–10), 部门预算公开表, their 勾稽 checks and the 情况说明, rebuilt
from the read model. Tables are values in integer fen shaped as their JSON; layouts are
data; renderers (JSON, XLSX, text, Markdown) read both."""
